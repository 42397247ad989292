// The package ships no types; this is the part Colophon uses (the templates
// epub-gen-memory renders, rendered once more for `packageDocument` & co.).
declare module 'ejs' {
  export function render(template: string, data?: Record<string, unknown>): string
}
