// @ts-check
// Paging. Every page is returned newest first, like Parley does.

/** @typedef {import('./store.js').Conversation} Conversation */
/** @typedef {import('./store.js').Message} Message */

export const PAGE_SIZE = 50;

/**
 * The latest messages, messages older than an id, or the oldest of those newer than an id.
 * `after` returns the *oldest* PAGE_SIZE newer messages, so a client polling `after:<newest>` catches up in steps.
 * @param {Conversation} conv
 * @param {{ before?: number, after?: number }} cursor
 * @returns {Message[]} newest first
 */
export function page(conv, cursor) {
  const all = conv.messages;
  if (cursor.after !== undefined) {
    const after = cursor.after;
    return all
      .filter((m) => m.id > after)
      .slice(0, PAGE_SIZE)
      .reverse();
  }
  const before = cursor.before;
  const older = before === undefined ? all : all.filter((m) => m.id < before);
  return older.slice(-PAGE_SIZE).reverse();
}
