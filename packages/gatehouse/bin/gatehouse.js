#!/usr/bin/env node
// The package ships TypeScript sources; tsx compiles them on the fly.
import { register } from 'tsx/esm/api'

register()
const { runCli } = await import('../src/cli/main.ts')
process.exitCode = await runCli(process.argv.slice(2), process.env)
