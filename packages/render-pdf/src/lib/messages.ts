/** `source` of every message this package emits. */
export const messageSource = 'colophon-pdf'

/** `ruleId`s of the messages this package emits. */
export const ruleIds = {
  /** An element or node the PDF edition cannot set (or sets only in part). */
  unhandledNode: 'unhandled-node',
  /** Characters no font of the stack has. */
  missingGlyph: 'missing-glyph',
  /** A remote image, refused without `allowRemote`. */
  remoteImage: 'remote-image',
  /** An image that cannot be read or fetched. */
  imageUnavailable: 'image-unavailable',
  /** An image in a format the PDF edition cannot embed (only PNG and JPEG). */
  imageUnsupported: 'image-unsupported',
  /** An image without an `alt` attribute. */
  missingAlt: 'missing-alt',
  /** A link to an id that no element has. */
  brokenLink: 'broken-link',
} as const
