/**
 * EJS templates that epub-gen-memory renders into the package, in place of
 * its own (which hard-code a random identifier, the current date,
 * `xml:lang="en"`, joined authors and the rights).
 *
 * They read only data: epub-gen-memory's normalized chapter list (`content`,
 * each chapter with Colophon's extra fields, see `AssemblyChapter`), its
 * `images` (mapped to Colophon's files), and Colophon's extra options
 * (`opfMetadata`, `identifier`, `resources`, `stylesheets`, `navFilename`). User text reaches
 * EJS only as data, never as template source, so `<%` in a title is text.
 * `<%=` escapes for XML; `<%-` injects XML that Colophon has already escaped
 * (the OPF metadata block, and the chapter body that epub-gen-memory
 * normalized).
 */

/** A content document: the body epub-gen-memory normalized, in Colophon's shell. */
export const chapterTemplate = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="<%= language %>" xml:lang="<%= language %>">
<head>
<meta charset="utf-8"/>
<title><%= title %></title>
<% stylesheets.forEach(function (href) { -%>
<link rel="stylesheet" type="text/css" href="<%= href %>"/>
<% }) -%>
</head>
<body<% if (bodyType) { %> epub:type="<%= bodyType %>"<% } %><% if (bodyType === 'cover') { %> class="cover-page"<% } %>><%- content %></body>
</html>
`

/** The package document: Colophon's metadata block, manifest and spine. */
export const packageTemplate = `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id" xml:lang="<%= lang %>">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<%- opfMetadata %>
  </metadata>
  <manifest>
    <item id="nav" href="<%= navFilename %>" media-type="application/xhtml+xml" properties="nav"/>
    <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
<% resources.concat(images).forEach(function (item) { -%>
    <item id="<%= item.id %>" href="<%= item.href %>" media-type="<%= item.mediaType %>"<% if (item.properties) { %> properties="<%= item.properties %>"<% } %>/>
<% }) -%>
<% content.forEach(function (chapter) { -%>
    <item id="<%= chapter.id %>" href="<%= chapter.filename %>" media-type="application/xhtml+xml"<% if (chapter.properties) { %> properties="<%= chapter.properties %>"<% } %>/>
<% }) -%>
  </manifest>
  <spine toc="ncx">
<% content.forEach(function (chapter) { -%>
    <itemref idref="<%= chapter.id %>"/>
<% }) -%>
  </spine>
</package>
`

/** The EPUB 3 navigation document: nested table of contents and landmarks. */
export const navTemplate = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="<%= lang %>" xml:lang="<%= lang %>">
  <head>
    <meta charset="utf-8"/>
    <title><%= tocTitle %></title>
<% stylesheets.forEach(function (href) { -%>
    <link rel="stylesheet" type="text/css" href="<%= href %>"/>
<% }) -%>
  </head>
  <body>
    <nav epub:type="toc" id="toc" role="doc-toc" aria-labelledby="toc-title">
      <h1 id="toc-title"><%= tocTitle %></h1>
<% function list(entries, indent) { -%>
<%- indent %><ol>
<%   entries.forEach(function (entry) { -%>
<%     if (entry.children.length === 0) { -%>
<%- indent %>  <li><a href="<%= entry.href %>"><%= entry.title %></a></li>
<%     } else { -%>
<%- indent %>  <li><a href="<%= entry.href %>"><%= entry.title %></a>
<%       list(entry.children, indent + '    ') -%>
<%- indent %>  </li>
<%     } -%>
<%   }) -%>
<%- indent %></ol>
<% } -%>
<% list(content.reduce(function (all, chapter) { return all.concat(chapter.toc) }, []), '      ') -%>
    </nav>
    <nav epub:type="landmarks" id="landmarks" hidden="hidden" aria-label="Landmarks">
      <ol>
<% content.forEach(function (chapter) { if (chapter.landmark) { -%>
        <li><a epub:type="<%= chapter.landmark.type %>" href="<%= chapter.filename %>"><%= chapter.landmark.title %></a></li>
<% } }) -%>
      </ol>
    </nav>
  </body>
</html>
`

/** The NCX, for EPUB 2 reading systems. */
export const ncxTemplate = `<?xml version="1.0" encoding="UTF-8"?>
<%
var toc = content.reduce(function (all, chapter) { return all.concat(chapter.toc) }, [])
function depth(entries) {
  return entries.reduce(function (deepest, entry) { return Math.max(deepest, 1 + depth(entry.children)) }, 0)
}
var order = 0
-%>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="<%= lang %>">
  <head>
    <meta name="dtb:uid" content="<%= identifier %>"/>
    <meta name="dtb:depth" content="<%= depth(toc) %>"/>
    <meta name="dtb:totalPageCount" content="0"/>
    <meta name="dtb:maxPageNumber" content="0"/>
  </head>
  <docTitle><text><%= title %></text></docTitle>
  <navMap>
<% function points(entries, indent) { entries.forEach(function (entry) { order += 1 -%>
<%- indent %><navPoint id="nav-<%= order %>" playOrder="<%= order %>">
<%- indent %>  <navLabel><text><%= entry.title %></text></navLabel>
<%- indent %>  <content src="<%= entry.href %>"/>
<% points(entry.children, indent + '  ') -%>
<%- indent %></navPoint>
<% }) } -%>
<% points(toc, '    ') -%>
  </navMap>
</ncx>
`
