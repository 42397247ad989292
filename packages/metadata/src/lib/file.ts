import type { VFile } from 'vfile'
import type { Metadata } from './schema.js'

declare module 'vfile' {
  interface DataMap {
    /** Validated metadata, set by `@colophon/remark-metadata` (or any stage that describes the document). */
    metadata: Metadata
  }
}

/**
 * The metadata of a processed file, for a renderer.
 *
 * @param file
 *   A file that went through `remarkMetadata`.
 * @param edition
 *   What needs it, for the error message (`the HTML edition`).
 * @returns
 *   `file.data.metadata`.
 * @throws {Error}
 *   When the file has no metadata.
 */
export function requireMetadata(file: VFile, edition: string): Metadata {
  const metadata = file.data.metadata
  if (!metadata) {
    throw new Error(
      `${file.path ?? 'document'}: no metadata; run @colophon/remark-metadata before rendering ${edition}`,
    )
  }
  return metadata
}
