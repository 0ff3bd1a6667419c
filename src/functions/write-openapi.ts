import { writeFileSync } from "node:fs";
import path from "node:path";
import { openApiDocument } from "./openapi";
import { routes } from "./routes";

const file = path.resolve(__dirname, "..", "..", "src", "functions", "openapi.json");
writeFileSync(file, JSON.stringify(openApiDocument(routes), null, 2) + "\n");
console.log(`wrote ${file}`);
