// Validate xAPI statements with Learning Locker's xapi-validation (the rules its LRS applies).
// Reads JSON lines (one statement each) on stdin; prints one line per statement with
// problems: "<line number> <statement id> <path>: <message>"; exits 1 if any.
"use strict";
const validate = require("@learninglocker/xapi-validation").default;
const lines = require("fs").readFileSync(0, "utf8").split("\n");
let bad = 0;
lines.forEach((line, i) => {
  if (!line.trim()) return;
  const statement = JSON.parse(line);
  const warnings = validate(statement);
  for (const w of warnings) {
    bad += 1;
    process.stdout.write(`${i + 1} ${statement.id} ${w.path.join(".")}: ${w.message} ${JSON.stringify(w.data)}\n`);
  }
});
process.exitCode = bad ? 1 : 0;
