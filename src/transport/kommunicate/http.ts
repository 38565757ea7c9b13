// One request to the site owner's Kommunicate proxy: the shared request (../http.ts) with the visitor's
// `Of-User-Id` and Kommunicate's answers read. The browser never holds Kommunicate's Api-Key: the proxy adds it.
import { createHttp as createRequest, type Expect, type HttpOptions, parseJson } from '../http';
import { responseError } from './errors';

export interface KommunicateTransportOptions extends HttpOptions {
  /** The panel title (Kommunicate has no config route the widget could read it from). */
  name?: string;
  /** The name of a new conversation (the group); default: `name`, else "Chat". */
  groupName?: string;
}

/** JSON data, or with `text` the answer's text (the signed URL of a file); an error envelope throws either way. */
async function read(response: Response, expect: Expect): Promise<unknown> {
  const { status, headers } = response;
  const raw = await response.text();
  const body = parseJson(raw);
  const error = responseError({ status, headers, body }, expect === 'json');
  if (error) throw error;
  return expect === 'text' ? raw : body;
}

/** A request to the proxy; a 401 asks a token function once more. */
export const createHttp = (options: HttpOptions) => createRequest(options, 'Of-User-Id', read);
