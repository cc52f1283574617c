// `npm run build:layout-shells`: writes src/web/layout-shells.ts, the default layout's shells
// compiled ahead (see layoutShellsModule). Run after changing src/web/pages/layout.tsx.
import { writeFileSync } from 'node:fs'
import { layoutShellsModule } from '../src/web/layout-shell-compiler.tsx'

writeFileSync(new URL('../src/web/layout-shells.ts', import.meta.url), layoutShellsModule())
