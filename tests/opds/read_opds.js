// Reads OPDS 1 feeds as Thorium does: r2-opds-js's OPDS1 model, converted to OPDS 2, printed
// as JSON (one object per file given, keyed by the file name). Called from test_r2_opds.py.
"use strict";
const fs = require("fs");
const path = require("path");
const base = path.join(__dirname, "node", "node_modules");
require(path.join(base, "reflect-metadata"));
const xmldom = require(path.join(base, "xmldom"));
const dist = (pkg, sub) => path.join(base, pkg, "dist", "es8-es2017", "src", sub);
const { XML } = require(dist("r2-utils-js", "_utils/xml-js-mapper"));
const { TaJsonSerialize } = require(path.join(base, "r2-lcp-js", "dist", "es8-es2017", "src", "serializable"));
const { initGlobalConverters_GENERIC, initGlobalConverters_OPDS } = require(dist("r2-opds-js", "opds/init-globals"));
const { OPDS } = require(dist("r2-opds-js", "opds/opds1/opds"));
const { convertOpds1ToOpds2 } = require(dist("r2-opds-js", "opds/converter"));

initGlobalConverters_GENERIC();
initGlobalConverters_OPDS();

const out = {};
for (const file of process.argv.slice(2)) {
    const dom = new xmldom.DOMParser().parseFromString(fs.readFileSync(file, "utf8"));
    const opds1 = XML.deserialize(dom, OPDS);
    out[path.basename(file)] = TaJsonSerialize(convertOpds1ToOpds2(opds1));
}
process.stdout.write(JSON.stringify(out));
