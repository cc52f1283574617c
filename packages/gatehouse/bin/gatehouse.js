#!/usr/bin/env node
// `#cli` is the compiled CLI (dist/) in the installed package; inside the repository,
// `node --conditions=gatehouse-source --import tsx` runs it from src/ instead.
const { runCli } = await import('#cli')
process.exitCode = await runCli(process.argv.slice(2), process.env)
