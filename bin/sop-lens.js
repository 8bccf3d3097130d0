#!/usr/bin/env node
'use strict';
// The command-line twin of the SOP Lens linter: see `sop-lens --help`.
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('sop-lens: the CLI is not built yet. Run `npm run build` in ' + path.dirname(__dirname) + ' first.\n');
  process.exit(2);
}
require(cli);
