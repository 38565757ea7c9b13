// Images: the visitor attaches, pastes or drops an image (previewed, then sent), big photos are scaled down,
// files that can never be sent are refused without any upload, agent images show in the list and open in a viewer.
// Once per backend (backends.ts): Parley posts an image as a multipart message and serves it to the widget by the
// device id; Kommunicate uploads it first, then sends its fileMeta, and gives the page signed URLs.
import { beforeEach, expect, it } from 'vitest';
import { type Backend, forEachBackend } from './backends';
import {
  agent,
  baseUrl,
  control,
  deviceIdOf,
  gotoTestPage,
  type Locator,
  type Page,
  POLL_TIMEOUT,
  problems,
  type RequestRecord,
  sendFromComposer,
  useBrowser,
  widget,
  widgetFiles,
  deliveryOf,
} from './browser';

const state = useBrowser();
// A control that never becomes usable (a disabled send button) fails in seconds, not at the test timeout.
beforeEach(() => {
  state.page.setDefaultTimeout(POLL_TIMEOUT);
});

/** A real 2×2 RGB PNG (red, blue / black, white), 77 bytes. */
const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFElEQVR4nGP4z8DAAMIM/////w8AH+4F+7C4l8kAAAAASUVORK5CYII=';
const PNG = Buffer.from(PNG_BASE64, 'base64');

const ONLY_IMAGES = 'Only JPEG, PNG, GIF and WebP images can be sent.';
const MAX_BYTES = 10_000_000;
const MAX_SIDE = 2560;

/** The widget's parts, with those of images. */
function parts(page: Page) {
  const w = widget(page);
  const composer = w.part('composer');
  return {
    ...w,
    composer,
    attach: w.part('attach'),
    fileInput: composer.locator('input[type="file"]'),
    preview: w.part('preview'),
    previewImage: w.part('preview').locator('img'),
    removeImage: w.part('remove-image'),
    drop: w.part('drop'),
    hint: composer.locator('p.hint[role="alert"]'),
    viewer: w.part('viewer'),
    /** The visitor's messages that show an image (loaded, loading or not available). */
    userImageMessages: w.userMessages.filter({ has: page.locator('[part~="image"], [part~="image-button"]') }),
    agentImageMessages: w.agentMessages.filter({ has: page.locator('[part~="image"], [part~="image-button"]') }),
  };
}

/** Waits until `img` (exactly one element) is an <img> that has loaded and decoded to a real picture. */
async function expectLoaded(img: Locator, timeout = POLL_TIMEOUT): Promise<void> {
  await img.waitFor({ timeout });
  await expect
    .poll(() => img.evaluate((el) => el instanceof HTMLImageElement && el.complete && el.naturalWidth > 0), { timeout })
    .toBe(true);
}

/** Waits until `bubble` is `data-status="sent"`. */
async function expectSent(bubble: Locator): Promise<void> {
  await bubble.waitFor();
  await expect.poll(() => deliveryOf(bubble), { timeout: POLL_TIMEOUT }).toBe('sent');
}

/** What the tests ask of the backend about images: the requests the widget made and what was stored. */
function serverSide(backend: Backend) {
  /** The message posts the widget made (Parley: `POST /messages`; Kommunicate: `POST /rest/ws/message/send`). */
  const messagePosts = async (): Promise<RequestRecord[]> => (await backend.requests()).filter(backend.isSend);
  /** The requests the widget made for images to show (Parley: `GET /media/…`; Kommunicate: signed URLs). */
  const mediaGets = async (): Promise<RequestRecord[]> => (await backend.requests()).filter(backend.isImageFetch);
  /** The visitor's messages (typeId 1) the server stored. */
  const visitorMessages = async () =>
    (await backend.results(await deviceIdOf(backend.name))).filter((m) => m.typeId === 1);
  /** Asserts the server got exactly one message, an image upload (multipart, accepted), and returns its ref. */
  async function expectOneImageUpload(extension: string): Promise<string> {
    const uploads = (await backend.requests()).filter(backend.isUpload);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({
      status: 200,
      contentType: expect.stringMatching(/^multipart\/form-data;\s*boundary=/i),
    });
    const posts = await messagePosts();
    expect(posts.map((r) => r.status)).toEqual([200]);
    const stored = await visitorMessages();
    expect(stored).toEqual([
      expect.objectContaining({ message: null, image: expect.stringMatching(backend.imageRef(extension)) }),
    ]);
    return stored[0]!.image!;
  }
  return { messagePosts, mediaGets, visitorMessages, expectOneImageUpload };
}

/** A File made in the page, kept there for `chooseInPage`. */
type PageWithFile = Window & { __file: File };

/**
 * Hands the File made in the page (`window.__file`) to the composer's file input, as a file picker does (input,
 * then change).
 */
async function chooseInPage(page: Page): Promise<void> {
  await parts(page).fileInput.evaluate((input: HTMLInputElement) => {
    const transfer = new DataTransfer();
    transfer.items.add((window as unknown as PageWithFile).__file);
    input.files = transfer.files;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

/** The part names of the focused element inside the widget (document → host → shadow root); [] when none. */
function focusedParts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const host = document.activeElement;
    if (host?.localName !== 'parley-chat') return [];
    return (host.shadowRoot?.activeElement?.getAttribute('part') ?? '').split(/\s+/).filter(Boolean);
  });
}

/** The agent's image reply to a visitor question, loaded in the open widget; returns the image button. */
async function agentImageShown(page: Page, backend: Backend): Promise<Locator> {
  const w = parts(page);
  await sendFromComposer(page, 'Can you send me the wiring diagram?');
  await backend.replyImage(await deviceIdOf(backend.name), PNG, { agentName: 'Noor' });
  const reply = w.agentImageMessages;
  await reply.waitFor({ timeout: POLL_TIMEOUT });
  const button = reply.locator('button[part~="image-button"]');
  await expectLoaded(button.locator('img[part~="image"]'));
  return button;
}

forEachBackend('images', (backend) => {
  const { messagePosts, mediaGets, visitorMessages, expectOneImageUpload } = serverSide(backend);
  /** Opens the chat on the demo page (strict CSP) and waits for the config (the attach button). */
  async function openChat(page: Page) {
    await page.goto(`${baseUrl}${backend.homePage}`);
    const w = parts(page);
    await w.launcher.click();
    await w.panel.waitFor();
    await expect.poll(() => w.title.textContent()).toBe(backend.title);
    await w.attach.waitFor({ state: 'visible' });
    return w;
  }

  it('attach: the button opens the file picker, send uploads the image once and the bubble shows it', async () => {
    const { page } = state;
    const w = await openChat(page);
    await expect(w.attach.getAttribute('aria-label')).resolves.toBe('Send image');

    // The button clicks the file input, which would open the picker: counted, and the picker kept shut (in no
    // engine can the driver answer a real one), then the file goes in as a picker hands it over.
    await w.fileInput.evaluate((input: HTMLInputElement) => {
      input.addEventListener('click', (e) => {
        e.preventDefault();
        (window as unknown as { __pickerOpened: number }).__pickerOpened = 1;
      });
    });
    await w.attach.click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __pickerOpened?: number }).__pickerOpened))
      .toBe(1);
    await w.fileInput.setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: PNG });
    await w.preview.waitFor({ state: 'visible' });
    await expectLoaded(w.previewImage);
    expect(await w.userMessages.count()).toBe(0);
    await w.send.click();

    const bubble = w.userImageMessages;
    await expectSent(bubble);
    await w.preview.waitFor({ state: 'detached' });
    const img = bubble.locator('img[part~="image"]');
    await expectLoaded(img);
    expect(await img.isVisible()).toBe(true);
    expect(await w.userMessages.count()).toBe(1);

    // The server got one multipart upload with the image (a text field beside it would have been refused), as is.
    const ref = await expectOneImageUpload('png');
    const stored = await agent.media(ref);
    expect(stored.contentType).toBe('image/png');
    expect(stored.bytes.equals(PNG)).toBe(true);
    expect(await problems()).toEqual([]);
  });

  it("the image chunks load only when needed; the checks' chunk failing says so, and the next pick works", async () => {
    const { page } = state;
    await control.unavailable(`${backend.chunks}/image-file.js`);
    const w = await openChat(page);
    expect((await widgetFiles(page)).filter((file) => file.includes('image'))).toEqual([]);
    await w.fileInput.setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: PNG });
    await w.hint.waitFor({ state: 'visible' });
    expect((await w.hint.textContent())?.trim()).toBe('The image could not be opened. Try again.');
    expect(await w.preview.count()).toBe(0);

    await control.available();
    await w.fileInput.setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: PNG });
    await w.preview.waitFor({ state: 'visible' });
    expect(await w.hint.count()).toBe(0);
    await w.send.click();
    await expectSent(w.userImageMessages);
    await expectLoaded(w.userImageMessages.locator('img[part~="image"]'));
    // The failed load and the next one (under another query) are two requests for the same file.
    const files = new Set((await widgetFiles(page)).filter((file) => file.includes('image')));
    expect([...files].sort()).toEqual([`${backend.chunks}/image-file.js`, `${backend.chunks}/images.js`]);
    await expectOneImageUpload('png');
  });

  it('the preview can be removed by clicking its remove button, for a photo and for a tiny image; nothing is sent', async () => {
    const { page } = state;
    const w = await openChat(page);
    const panel = await w.panel.boundingBox();
    await page.evaluate(async () => {
      const canvas = Object.assign(document.createElement('canvas'), { width: 400, height: 300 });
      const context = canvas.getContext('2d')!;
      context.fillStyle = '#3a7';
      context.fillRect(0, 0, 400, 300);
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
      (window as unknown as PageWithFile).__file = new File([blob!], 'garden.png', { type: 'image/png' });
    });
    await chooseInPage(page);
    await w.preview.waitFor({ state: 'visible' });
    await expectLoaded(w.previewImage);
    await w.removeImage.click({ timeout: 3000 });
    await w.preview.waitFor({ state: 'detached' });

    // A 2×2 image: its remove button must still be inside the panel and clickable.
    await w.fileInput.setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: PNG });
    await w.preview.waitFor({ state: 'visible' });
    await expectLoaded(w.previewImage);
    const remove = await w.removeImage.boundingBox();
    if (!remove || !panel) throw new Error('the remove button or the panel is not visible');
    expect(remove.x, 'left edge of the remove button vs. the panel').toBeGreaterThanOrEqual(panel.x);
    expect(remove.x + remove.width, 'right edge of the remove button vs. the panel').toBeLessThanOrEqual(
      panel.x + panel.width,
    );
    await w.removeImage.click({ timeout: 3000 });
    await w.preview.waitFor({ state: 'detached' });

    await page.waitForTimeout(500);
    expect(await messagePosts()).toEqual([]);
    expect(await w.userMessages.count()).toBe(0);
  });

  it('the pending bubble shows the local image at once, a progress bar and cancel while uploading; sent keeps the image', async () => {
    const { page } = state;
    const w = await openChat(page);
    // Hold the upload on the server for a while.
    await backend.fault({ method: 'POST', path: backend.paths.upload, delayMs: 3000 });
    await w.fileInput.setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: PNG });
    await w.preview.waitFor({ state: 'visible' });
    await w.send.click();

    const bubble = w.userImageMessages;
    await bubble.waitFor();
    const img = bubble.locator('img[part~="image"]');
    await expectLoaded(img, 2000);
    expect(await img.getAttribute('src')).toMatch(/^blob:/);
    expect(await bubble.locator('progress[part~="progress"]').isVisible()).toBe(true);
    expect(await bubble.locator('[part~="cancel"]').isVisible()).toBe(true);
    // Still uploading: all of the above was there before the server answered.
    expect(await bubble.getAttribute('data-status')).toBe('pending');
    expect(await visitorMessages()).toEqual([]);

    await expectSent(bubble);
    await expectLoaded(bubble.locator('img[part~="image"]'));
    expect(await bubble.locator('progress[part~="progress"]').count()).toBe(0);
    expect(await bubble.locator('[part~="cancel"]').count()).toBe(0);
    await expectOneImageUpload('png');
  });

  it('an image with text: the image is sent first, the text second', async () => {
    const { page } = state;
    const w = await openChat(page);
    await w.fileInput.setInputFiles({ name: 'router.png', mimeType: 'image/png', buffer: PNG });
    await w.preview.waitFor({ state: 'visible' });
    await w.input.fill('This is what the router shows');
    await w.send.click();

    await expectSent(w.userImageMessages);
    await expectSent(w.userMessage('This is what the router shows'));
    // In the list: the image bubble above the text bubble.
    const order = await w.userMessages.evaluateAll((els) =>
      els.map((el) =>
        el.querySelector('[part~="image"], [part~="image-button"]')
          ? 'image'
          : el.querySelector('[part~="text"]')?.textContent?.trim(),
      ),
    );
    expect(order).toEqual(['image', 'This is what the router shows']);
    // On the server: two messages, image then text.
    const stored = await visitorMessages();
    expect(stored.map((m) => (m.image ? 'image' : m.message))).toEqual(['image', 'This is what the router shows']);
    expect(stored[0]!.message).toBeNull();
    expect(await w.input.inputValue()).toBe('');
    await w.preview.waitFor({ state: 'detached' });
  });

  it('paste: an image on the clipboard goes into the preview and is sent', async () => {
    const { page } = state;
    const w = await openChat(page);
    await w.input.focus();
    await w.input.evaluate((textarea: HTMLTextAreaElement, base64: string) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const clipboard = new DataTransfer();
      clipboard.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
      // Firefox empties the clipboardData of a ClipboardEvent made by script (a real paste has it): set on the event.
      const paste = new ClipboardEvent('paste', { bubbles: true, cancelable: true, composed: true });
      Object.defineProperty(paste, 'clipboardData', { value: clipboard });
      textarea.dispatchEvent(paste);
    }, PNG_BASE64);
    await w.preview.waitFor({ state: 'visible' });
    await expectLoaded(w.previewImage);
    expect(await w.input.inputValue()).toBe('');

    await w.send.click();
    await expectSent(w.userImageMessages);
    await expectLoaded(w.userImageMessages.locator('img[part~="image"]'));
    await expectOneImageUpload('png');
    expect(await problems()).toEqual([]);
  });

  it('drop: dragging a file over the panel shows the drop overlay; dropping it previews and sends it', async () => {
    const { page } = state;
    const w = await openChat(page);
    const panel = await w.panel.boundingBox();
    if (!panel) throw new Error('panel not visible');
    const x = panel.x + panel.width / 2;
    const y = panel.y + panel.height / 2;

    // A drag as the browser delivers it: to whatever element is under the pointer (in the shadow root).
    await page.evaluate((base64: string) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'screenshot.png', { type: 'image/png' }));
      (window as unknown as { __drag: DataTransfer }).__drag = transfer;
    }, PNG_BASE64);
    const drag = (type: string) =>
      page.evaluate(
        ({ type, x, y }) => {
          const root = document.querySelector('parley-chat')!.shadowRoot!;
          const target = root.elementFromPoint(x, y) ?? root.host;
          const dataTransfer = (window as unknown as { __drag: DataTransfer }).__drag;
          target.dispatchEvent(
            new DragEvent(type, {
              dataTransfer,
              clientX: x,
              clientY: y,
              bubbles: true,
              cancelable: true,
              composed: true,
            }),
          );
          return target.getAttribute('part') ?? target.localName;
        },
        { type, x, y },
      );

    await drag('dragenter');
    await drag('dragover');
    await w.drop.waitFor({ state: 'visible' });
    // The pointer moves on over the overlay, then lets go.
    await drag('dragover');
    expect(await w.drop.isVisible()).toBe(true);
    await drag('drop');
    await w.drop.waitFor({ state: 'hidden' });
    await w.preview.waitFor({ state: 'visible' });
    await expectLoaded(w.previewImage);

    await w.send.click();
    await expectSent(w.userImageMessages);
    await expectLoaded(w.userImageMessages.locator('img[part~="image"]'));
    await expectOneImageUpload('png');
    expect(await problems()).toEqual([]);
  });

  it('a photo over 10 MB is scaled down in the browser and sent: at most 10 MB and 2560 px on the long side', async () => {
    const { page } = state;
    const w = await openChat(page);
    // A 4000×3000 JPEG of random noise at full quality: far over the limit.
    await page.evaluate(async () => {
      const canvas = Object.assign(document.createElement('canvas'), { width: 4000, height: 3000 });
      const context = canvas.getContext('2d')!;
      const pixels = context.createImageData(canvas.width, canvas.height);
      const data = pixels.data;
      for (let i = 0; i < data.length; i += 65536) crypto.getRandomValues(data.subarray(i, i + 65536));
      for (let i = 3; i < data.length; i += 4) data[i] = 255;
      context.putImageData(pixels, 0, 0);
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 1));
      (window as unknown as PageWithFile).__file = new File([blob!], 'holiday.jpg', { type: 'image/jpeg' });
    });
    expect(await page.evaluate(() => (window as unknown as PageWithFile).__file.size)).toBeGreaterThan(MAX_BYTES);

    await chooseInPage(page);
    await w.preview.waitFor({ state: 'visible' });
    await w.send.click();
    const bubble = w.userImageMessages;
    await expectSent(bubble);
    await expect(w.hint.count()).resolves.toBe(0);

    const ref = await expectOneImageUpload('(jpg|png|webp)');
    const stored = await agent.media(ref);
    expect(stored.bytes.length).toBeLessThanOrEqual(MAX_BYTES);
    // Decode what the server stored (served to the console below /webcare) in the page.
    const size = await page.evaluate(async (path: string) => {
      const bitmap = await createImageBitmap(await (await fetch(path)).blob());
      return { width: bitmap.width, height: bitmap.height };
    }, `/webcare/${ref}`);
    expect(Math.max(size.width, size.height)).toBeLessThanOrEqual(MAX_SIDE);
    expect(Math.max(size.width, size.height)).toBeGreaterThanOrEqual(1000);
    // Scaled, not cropped or stretched: still 4:3.
    expect(Math.abs(size.width / size.height - 4 / 3)).toBeLessThan(0.01);
    await expectLoaded(bubble.locator('img[part~="image"]'));
    expect(await problems()).toEqual([]);
  });

  // Each backend's own limit, and the notice names it: Parley's 10,000,000 bytes, Kommunicate's 25 MiB.
  it("a GIF over the backend's largest image is refused with a visible message naming it, and never uploaded", async () => {
    const { page } = state;
    const w = await openChat(page);
    await page.evaluate((size: number) => {
      const bytes = new Uint8Array(size);
      bytes.set([...'GIF89a'].map((c) => c.charCodeAt(0)));
      (window as unknown as PageWithFile).__file = new File([bytes], 'party.gif', { type: 'image/gif' });
    }, backend.maxImageBytes + 1);
    await chooseInPage(page);
    await w.hint.waitFor({ state: 'visible' });
    const megabytes = Math.round(backend.maxImageBytes / 1e6);
    expect((await w.hint.textContent())?.trim()).toBe(`This image is larger than ${megabytes} MB.`);
    expect(await w.preview.count()).toBe(0);
    // Proving that nothing is sent: a short fixed wait.
    await page.waitForTimeout(1000);
    expect(await messagePosts()).toEqual([]);
    expect(await w.userMessages.count()).toBe(0);
  });

  it('a text file named photo.png is refused with a visible message and never uploaded', async () => {
    const { page } = state;
    const w = await openChat(page);
    await w.fileInput.setInputFiles({
      name: 'photo.png',
      mimeType: 'image/png',
      buffer: Buffer.from('This is a text file with a picture name, not a picture.\n'),
    });
    await w.hint.waitFor({ state: 'visible' });
    expect((await w.hint.textContent())?.trim()).toBe(ONLY_IMAGES);
    expect(await w.preview.count()).toBe(0);
    await page.waitForTimeout(1000);
    expect(await messagePosts()).toEqual([]);
    expect(await w.userMessages.count()).toBe(0);
  });

  // The account config (`allowImage`) is Parley's; Kommunicate has none and always allows images.
  it('without allowImage in the account config there is no attach button', async ({ skip }) => {
    skip(backend.name === 'kommunicate', 'Kommunicate has no account config (allowImage)');
    const { page } = state;
    await control.config({ allowImage: false });
    await page.goto(`${baseUrl}/`);
    const w = parts(page);
    await w.launcher.click();
    await w.panel.waitFor();
    await expect.poll(() => w.title.textContent()).toBe('Parley Demo');
    await w.input.waitFor();
    expect(await w.attach.count()).toBe(0);
  });

  it('an agent image shows as a loaded image in a button, fetched with the device id', async () => {
    const { page } = state;
    await openChat(page);
    const button = await agentImageShown(page, backend);
    await expect(button.getAttribute('aria-label')).resolves.toBe('Image');
    const img = button.locator('img[part~="image"]');
    expect(await img.isVisible()).toBe(true);
    expect(await img.getAttribute('src')).toMatch(backend.agentImageSrc);
    await expect(parts(page).agentImageMessages.locator('[part~="agent-name"]').textContent()).resolves.toBe('Noor');
    const fetched = await mediaGets();
    expect(fetched.length).toBeGreaterThanOrEqual(1);
    expect(fetched.every((r) => r.status === 200 && r.deviceId === fetched[0]!.deviceId)).toBe(true);
    expect(fetched[0]!.deviceId).toBe(await deviceIdOf(backend.name));
    expect(await problems()).toEqual([]);
  });

  it('the viewer opens from the image button by keyboard and by click, and Escape closes only the viewer', async () => {
    const { page } = state;
    const w = await openChat(page);
    const button = await agentImageShown(page, backend);

    await button.focus();
    await page.keyboard.press('Enter');
    await w.viewer.waitFor({ state: 'visible' });
    await expect(w.viewer.getAttribute('role')).resolves.toBe('dialog');
    await expect(w.viewer.getAttribute('aria-modal')).resolves.toBe('true');
    await expectLoaded(w.viewer.locator('img'));
    const original = w.viewer.locator('a[part~="original"]');
    await expect(original.getAttribute('target')).resolves.toBe('_blank');
    expect(await original.getAttribute('href')).toBeTruthy();
    expect(await w.viewer.locator('[part~="viewer-close"]').isVisible()).toBe(true);
    // A modal dialog takes the focus.
    await expect
      .poll(() =>
        page.evaluate(() =>
          Boolean(document.querySelector('parley-chat')?.shadowRoot?.activeElement?.closest('[part~="viewer"]')),
        ),
      )
      .toBe(true);

    await page.keyboard.press('Escape');
    await w.viewer.waitFor({ state: 'hidden' });
    expect(await w.panel.isVisible()).toBe(true);
    await expect(w.host.getAttribute('open')).resolves.toBe('');
    await expect.poll(() => focusedParts(page)).toContain('image-button');

    // By mouse: click opens, the close button closes.
    await button.click();
    await w.viewer.waitFor({ state: 'visible' });
    await w.viewer.locator('[part~="viewer-close"]').click();
    await w.viewer.waitFor({ state: 'hidden' });
    expect(await w.panel.isVisible()).toBe(true);
    expect(await problems()).toEqual([]);
  });

  it('a missing or undecodable image shows "Image not available", never a broken <img>', async () => {
    const { page } = state;
    const device = 'e2e-images-broken-0001';
    await backend.seed(device, 1, { from: 'agent', prefix: 'Here you go' });
    // PNG signature (the server checks only that), then garbage: served, but no browser can decode it.
    const broken = Buffer.concat([PNG.subarray(0, 8), Buffer.from('this is not really a PNG image at all')]);
    await backend.replyImage(device, broken);
    const missing = await backend.replyImage(device, PNG);
    await backend.fault({ method: 'GET', path: backend.imageFaultPath(missing), status: 404, count: 1000 });

    await gotoTestPage(page, backend.element(`device-id="${device}" open`), { script: backend.script });
    const w = parts(page);
    await w.message('Here you go 1').waitFor({ timeout: POLL_TIMEOUT });
    await expect.poll(() => w.agentImageMessages.count(), { timeout: POLL_TIMEOUT }).toBe(2);
    const unavailable = w.list.locator('span[part~="image"][role="img"][aria-label="Image not available"]');
    await expect.poll(() => unavailable.count(), { timeout: POLL_TIMEOUT }).toBe(2);
    expect(await unavailable.first().isVisible()).toBe(true);
    expect(await w.list.locator('img').count()).toBe(0);
  });

  it('images load lazily: one far above the view is fetched only when scrolled into view', async () => {
    const { page } = state;
    const device = 'e2e-images-lazy-00001';
    await backend.seed(device, 1, { from: 'agent', prefix: 'Old picture' });
    await backend.replyImage(device, PNG);
    // 19 messages in all: fewer than the list first renders (20), so the image message is in the list, far above.
    await backend.seed(device, 18, { from: 'agent' });

    await gotoTestPage(page, backend.element(`device-id="${device}" open`), { script: backend.script });
    const w = parts(page);
    await w.message('Message 18').waitFor({ timeout: POLL_TIMEOUT });
    const message = w.agentImageMessages;
    await message.waitFor({ state: 'attached' });
    // The test's premise: the image message is far above the visible part of the list.
    const list = await w.list.boundingBox();
    const above = await message.boundingBox();
    expect(list && above && above.y + above.height < list.y - 200).toBe(true);
    // Proving that nothing is fetched: a short fixed wait.
    await page.waitForTimeout(1500);
    expect(await mediaGets()).toEqual([]);

    await w.list.evaluate((el) => {
      el.scrollTop = 0;
    });
    await expectLoaded(message.locator('img[part~="image"]'));
    const fetched = await mediaGets();
    expect(fetched).toHaveLength(1);
    expect(fetched[0]!.status).toBe(200);
  });

  it('sendImage() on the element and window.ParleyChat.sendImage() send images; a non-image is rejected', async () => {
    const { page } = state;
    const w = await openChat(page);
    const rejected = await page.evaluate(async (base64: string) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      type WithSendImage = { sendImage(file: Blob): Promise<void> };
      const element = document.querySelector('parley-chat') as unknown as WithSendImage;
      const global = (window as unknown as { ParleyChat: WithSendImage }).ParleyChat;
      await element.sendImage(new Blob([bytes], { type: 'image/png' }));
      await global.sendImage(new File([bytes], 'second.png', { type: 'image/png' }));
      return element.sendImage(new Blob(['plain text'], { type: 'image/png' })).then(
        () => 'resolved',
        (e: Error) => e.name,
      );
    }, PNG_BASE64);
    expect(rejected).toBe('ImageRejectedError');
    // Like send(), a resolved sendImage() means the server has it.
    const stored = await visitorMessages();
    expect(stored.map((m) => Boolean(m.image && m.message === null))).toEqual([true, true]);
    expect(await messagePosts()).toHaveLength(2);
    await expect.poll(() => w.userImageMessages.count()).toBe(2);
    for (const bubble of await w.userImageMessages.all()) {
      await expectSent(bubble);
      await expectLoaded(bubble.locator('img[part~="image"]'));
    }
  });
});
