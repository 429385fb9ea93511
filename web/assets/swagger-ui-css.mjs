// Swagger UI's stylesheet for the API explorer, copied into web/static/build with its
// inline (data:) images moved into files beside it: the content security policy allows
// images from this site only.
import { readFileSync, writeFileSync } from "node:fs";

const OUT = "web/static/build";
const EXTENSIONS = { "image/svg+xml": "svg", "image/png": "png", "image/jpeg": "jpg" };
const DATA_URL = /url\((["']?)data:([a-z/+]+);([^,]*),(.*?)\1\)/g;
const files = new Map();

function decoded(parameters, data) {
  if (parameters === "base64") return Buffer.from(data, "base64");
  return Buffer.from(decodeURIComponent(data.replaceAll('\\"', '"')), "utf8");
}

const css = readFileSync("node_modules/swagger-ui-dist/swagger-ui.css", "utf8").replace(
  DATA_URL,
  (_, quote, type, parameters, data) => {
    const bytes = decoded(parameters, data);
    const key = `${type} ${bytes.toString("base64")}`;
    if (!files.has(key)) {
      const name = `swagger-ui-${files.size + 1}.${EXTENSIONS[type]}`;
      writeFileSync(`${OUT}/${name}`, bytes);
      files.set(key, name);
    }
    return `url("${files.get(key)}")`;
  },
);
writeFileSync(`${OUT}/swagger-ui.css`, css);
