#!/usr/bin/env bash
# Usage: scripts/new-package.sh <dir> <npm name> "<description>"
# Creates the standard layout of a Colophon package (see README "Contributing").
set -euo pipefail
dir="packages/$1"; name="$2"; desc="$3"
mkdir -p "$dir/src/lib" "$dir/test"
cat > "$dir/package.json" <<JSON
{
  "name": "$name",
  "version": "0.1.0",
  "description": "$desc",
  "license": "MIT",
  "type": "module",
  "engines": { "node": ">=20" },
  "sideEffects": false,
  "exports": {
    ".": {
      "types": "./dist/index.d.ts",
      "default": "./dist/index.js"
    }
  },
  "files": ["dist"],
  "scripts": {
    "build": "tsc -b"
  }
}
JSON
cat > "$dir/tsconfig.json" <<JSON
{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": { "rootDir": "src", "outDir": "dist" },
  "include": ["src"]
}
JSON
