// One request to the Parley API: the shared request (../http.ts) with Parley's device header and its answers read.
import { createHttp as createRequest, type Expect, type HttpOptions, parseJson } from '../http';
import { responseError, transportError } from './errors';

export type ParleyTransportOptions = HttpOptions;

async function read(response: Response, expect: Expect): Promise<unknown> {
  const { status, headers } = response;
  if (expect === 'blob' && response.ok && !/json/i.test(headers.get('Content-Type') ?? '')) return response.blob();
  // Not JSON: body is undefined.
  const body = parseJson(await response.text());
  const error = responseError({ status, headers, body }, expect !== 'none');
  // A JSON answer is not an image.
  if (error || expect === 'blob') throw error ?? transportError('invalid', { status });
  return body;
}

/** A request to Parley; a 401 (or device_requires_authorization) asks a token function once more. */
export const createHttp = (options: ParleyTransportOptions) => createRequest(options, 'UniqueAppDeviceID', read);
