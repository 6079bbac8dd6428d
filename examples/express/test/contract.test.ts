import { describeHttpContract } from '@portcullis/contract-suite'
import { freePort, startExample } from './example-process.js'

describeHttpContract(
  'express on Node',
  async () => {
    const port = await freePort()
    const origin = `http://localhost:${port}`
    const server = await startExample({ HOST: '127.0.0.1', PORT: String(port), APP_ORIGIN: origin })
    return { baseUrl: server.url, origin, close: () => server.stop().then(() => undefined) }
  },
  { features: { accessTokens: true } },
)
