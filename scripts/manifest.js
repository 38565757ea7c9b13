// Writes dist/custom-elements.json (Custom Elements Manifest, schema 2.0.0) for <parley-chat>.
// The README documents the same API; tests/element/manifest.test.ts checks this against the element.
import { writeFileSync } from 'node:fs';

const attr = (name, fieldName, type, description) => ({ name, fieldName, type: { text: type }, description });
const attributes = [
  attr(
    'api-url',
    'apiUrl',
    'string',
    'Base URL of the Parley Secure Messenger API, absolute or relative to the page. Required unless `transport` is set.',
  ),
  attr(
    'device-id',
    'deviceId',
    'string',
    'Use this device id (at least 10 characters) instead of the generated, stored one.',
  ),
  attr('lang', 'lang', 'string', '`nl`, `en`; absent: the browser language, falling back to `en`.'),
  attr('open', 'open', 'boolean', 'The panel is open; reflects the state.'),
  attr(
    'mode',
    'mode',
    "'launcher' | 'inline' | 'fullscreen'",
    '`launcher` (default): floating button and panel; `inline`: the panel fills the element; `fullscreen`: fills the viewport (WebViews).',
  ),
  attr('position', 'position', "'right' | 'left'", 'Side of the launcher (default `right`).'),
  attr(
    'nonce',
    'nonce',
    'string',
    'CSP nonce for the `<style>` fallback of browsers without constructable stylesheets.',
  ),
];
const field = (name, type, description) => ({ kind: 'field', name, type: { text: type }, description });
const method = (name, type, description, parameters = []) => ({
  kind: 'method',
  name,
  description,
  parameters,
  return: { type: { text: type } },
});
const event = (name, type, description) => ({ name, type: { text: `CustomEvent<${type}>` }, description });
const part = (name, description) => ({ name, description });
const css = (name, description) => ({ name: `--parley-${name}`, description });

const declaration = {
  kind: 'class',
  name: 'ParleyChatElement',
  tagName: 'parley-chat',
  customElement: true,
  description: 'An embeddable customer chat with Parley Secure Messenger.',
  superclass: { name: 'HTMLElement' },
  attributes,
  members: [
    ...attributes.map((a) => field(a.fieldName, a.type.text, a.description)),
    field(
      'accessToken',
      'string | (() => string | Promise<string>)',
      'Sent as `Authorization: Bearer …` on every API request; a function is called again after a 401. Property only.',
    ),
    field('headers', 'Record<string, string>', 'Extra request headers for the API. Property only.'),
    field('transport', 'Transport', 'Replaces the built-in Parley transport (another backend). Property only.'),
    method('show', 'void', 'Opens the panel.'),
    method('hide', 'void', 'Closes the panel.'),
    method('toggle', 'void', 'Opens or closes the panel.'),
    method('send', 'Promise<void>', 'Sends a text message; resolves when the server confirmed it.', [
      { name: 'text', type: { text: 'string' } },
    ]),
    method(
      'sendImage',
      'Promise<void>',
      'Sends an image (JPEG, PNG, GIF, WebP; scaled down when over 10 MB or 2560 px); rejects with ImageRejectedError for anything else.',
      [{ name: 'file', type: { text: 'Blob' } }],
    ),
    method(
      'reset',
      'Promise<void>',
      'Forgets the device id, cached history and outbox on this browser; starts a fresh anonymous conversation.',
    ),
    method(
      'identify',
      'void',
      'Says who the visitor is (plain strings such as name and email; unverified), or with null forgets it; the device registers again when it changes.',
      [{ name: 'info', type: { text: 'Record<string, string> | null' } }],
    ),
  ],
  events: [
    event('parley-ready', '{}', 'Once the element is mounted and usable.'),
    event('parley-open', '{}', 'The panel opened.'),
    event('parley-close', '{}', 'The panel closed.'),
    event('parley-message', "{ message: Message; direction: 'in' | 'out' }", 'A new message (not history).'),
    event('parley-unread', '{ count: number }', 'The unread count changed.'),
    event('parley-error', '{ code: string; message: string }', 'A request failed; `code` is the transport error kind.'),
  ],
  cssParts: [
    part('launcher', 'The floating button that opens the panel (mode `launcher`).'),
    part('badge', 'The unread count on the launcher.'),
    part('panel', 'The chat window.'),
    part('header', 'The header bar.'),
    part('title', 'The title in the header.'),
    part('close', 'The close button.'),
    part('banner', 'Connection or error notice.'),
    part('sticky', 'The pinned notice of the conversation.'),
    part('intro', 'The intro text of the account config.'),
    part('messages', 'The scrolling message list (`role="log"`).'),
    part('message', 'One message; with `user`, `agent` or `info`. User messages carry `data-status`.'),
    part('user', 'A message of the visitor.'),
    part('agent', 'A message of an agent.'),
    part('info', 'An automatic info message.'),
    part('text', 'The text of a message.'),
    part('image', 'The image of a message.'),
    part('time', 'The time of a message.'),
    part('agent-name', 'The agent name above their messages.'),
    part('typing', 'The agent-is-typing indicator.'),
    part('composer', 'The input area.'),
    part('input', 'The text field.'),
    part('send', 'The send button.'),
    part('attach', 'The image button (when the account config allows images).'),
    part('preview', 'The picked image in the composer, before it is sent.'),
    part('remove-image', 'Removes the picked image.'),
    part('drop', 'The drop target shown while files are dragged over the panel.'),
    part('image-button', 'The button around a loaded message image; opens the viewer.'),
    part('progress', 'The upload progress of a pending image.'),
    part('cancel', 'Cancels the upload of a pending image.'),
    part('retry', 'Sends a failed message again ("Try again").'),
    part('delete', 'Deletes a failed message from the conversation and the outbox.'),
    part('viewer', 'The image viewer dialog.'),
    part('original', 'The viewer link to the original image (new tab).'),
    part('viewer-close', 'Closes the image viewer.'),
    part('message-title', 'The title (a heading) of a rich message.'),
    part('buttons', "A message's or a card's buttons."),
    part('button', 'One button: a reply, a link (new tab) or a `tel:` link.'),
    part('file', 'A file of a message (not an image): its kind, name, size and download.'),
    part('download', 'Downloads the file.'),
    part('carousel', 'The row of cards of a message.'),
    part('card', 'One card of a carousel.'),
    part('quick-replies', "The newest message's quick replies, above the composer."),
    part('quick-reply', 'One quick reply.'),
  ],
  cssProperties: [
    css('accent', 'Default accent colour behind the header, launcher and user bubbles.'),
    ...[
      'background',
      'nav-background',
      'nav-text',
      'date',
      'input-field-background',
      'input-field-text',
      'input-field-placeholder',
      'input-background',
      'input-text',
      'user-background',
      'user-text',
      'user-link',
      'user-time',
      'user-sent',
      'agent-background',
      'agent-text',
      'agent-link',
      'agent-time',
      'info-background',
      'info-text',
    ].map((name) => css(name, 'Colour; set from the Parley config when present.')),
    css('font', 'Font stack.'),
    css('bubble-radius', 'Corner radius of message bubbles.'),
    css('bubble-tail-radius', 'Radius of the corner next to the sender.'),
    css('background-image', 'Conversation background image.'),
    css('z-index', 'Stacking order of the launcher and panel.'),
    css('panel-width', 'Width of the floating panel.'),
    css('panel-height', 'Maximum height of the floating panel.'),
  ],
};

const manifest = {
  schemaVersion: '2.0.0',
  readme: 'README.md',
  modules: [
    {
      kind: 'javascript-module',
      path: 'src/element/ParleyChatElement.ts',
      declarations: [declaration],
      exports: [
        {
          kind: 'js',
          name: 'ParleyChatElement',
          declaration: { name: 'ParleyChatElement', module: 'src/element/ParleyChatElement.ts' },
        },
        {
          kind: 'custom-element-definition',
          name: 'parley-chat',
          declaration: { name: 'ParleyChatElement', module: 'src/element/ParleyChatElement.ts' },
        },
      ],
    },
  ],
};

writeFileSync('dist/custom-elements.json', `${JSON.stringify(manifest, null, 2)}\n`);
console.log('dist/custom-elements.json written');
