// Images pasted into or attached to the prompt: read as data URIs, shown as thumbnails, sent with the
// message. Only common raster formats, and a size limit so a screenshot cannot stall the host.
import { h, iconButton } from '../dom';

const acceptedTypes = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
const maxBytes = 5 * 1024 * 1024;
const maxImages = 8;
const dataUri = /^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/;

export class ImageAttachments {
  readonly element: HTMLElement;
  private images: string[] = [];

  constructor(private readonly doc: Document, private readonly warn: (text: string) => void) {
    this.element = h(doc, 'div', { id: 'attachments', 'aria-label': 'Attached images', hidden: true });
    this.element.addEventListener('click', (event) => {
      const button = (event.target as Element).closest?.('[data-action="remove-image"]');
      if (!button) return;
      this.images.splice(Number(button.getAttribute('data-index')), 1);
      this.render();
    });
  }

  get count(): number {
    return this.images.length;
  }

  /** Reads the image files among `files`; others are refused with a notice. */
  async add(files: Iterable<File>): Promise<void> {
    for (const file of files) {
      if (!acceptedTypes.includes(file.type)) {
        this.warn(`${file.name || 'That file'} is not a PNG, JPEG, GIF or WebP image.`);
        continue;
      }
      if (file.size > maxBytes) {
        this.warn(`${file.name || 'The image'} is larger than 5 MB.`);
        continue;
      }
      if (this.images.length >= maxImages) {
        this.warn(`At most ${maxImages} images per message.`);
        break;
      }
      const uri = await this.read(file);
      if (dataUri.test(uri)) this.images.push(uri);
    }
    this.render();
  }

  /** The images to send, emptying the list. */
  take(): string[] {
    const taken = this.images;
    this.images = [];
    this.render();
    return taken;
  }

  private read(file: File): Promise<string> {
    const Reader = this.doc.defaultView?.FileReader ?? FileReader;
    return new Promise((resolve) => {
      const reader = new Reader();
      reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
      reader.onerror = () => resolve('');
      reader.readAsDataURL(file);
    });
  }

  private render(): void {
    this.element.hidden = this.images.length === 0;
    this.element.replaceChildren(
      ...this.images.map((src, i) =>
        h(
          this.doc,
          'span',
          { class: 'thumbnail' },
          h(this.doc, 'img', { src, alt: `Attached image ${i + 1}` }),
          iconButton(this.doc, 'close', `Remove image ${i + 1}`, 'remove-image', { 'data-index': i }),
        ),
      ),
    );
  }
}
