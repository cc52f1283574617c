import { MIN_SECRET_LENGTH } from '../../config.ts'
import { generateRandomToken } from '../../tokens/index.ts'
import type { CliCommand } from '../command.ts'
import { EXIT_OK } from '../command.ts'
import { parseOptions } from '../parse-options.ts'

const SECRET_BYTES = 48

export const secretCommand: CliCommand = {
  name: 'secret',
  summary: 'Print a new random GATEHOUSE_SECRET',
  help: `Usage: gatehouse secret

Prints a new random secret (${SECRET_BYTES} random bytes, ${Math.ceil((SECRET_BYTES * 4) / 3)} characters; at least ${MIN_SECRET_LENGTH} are required)
for GATEHOUSE_SECRET. It signs the CSRF and flash cookies: keep it out of the repository, and
changing it signs every browser's CSRF token out (sessions stay valid).

  echo "GATEHOUSE_SECRET=$(npx gatehouse secret)" >> .env`,
  async run(context) {
    parseOptions(context.args, {})
    context.out.log(generateRandomToken(SECRET_BYTES))
    return EXIT_OK
  },
}
