// The images in the list and the viewer: a chunk of its own in the split script-tag build, loaded when the first
// image message shows (lazy.ts), so a text conversation never loads it.
export { ImageViewer } from './ImageViewer';
export { MessageImage } from './MessageImage';
