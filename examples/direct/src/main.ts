import { runDirectExample } from './direct-example.js'

// `pnpm start`: the whole walk-through, printed; AUTH_SECRET is used when set.
await runDirectExample({ secret: process.env.AUTH_SECRET || undefined })
