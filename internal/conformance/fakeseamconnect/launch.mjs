// Starts Seam's own fake of the Seam API (@seamapi/fake-seam-connect, pinned
// in package.json) on 127.0.0.1 with its default seed, for the conformance
// tests. Run it as
//
//   NODE_ENV=production node --require ./loopback.cjs launch.mjs ADDRESS_FILE
//
// loopback.cjs forces the bind onto 127.0.0.1 (the fake has no host option and
// would otherwise listen on every interface). Once the server listens, this
// script checks the address it really bound and writes it, as JSON
// {"url", "address", "port", "pid"}, to ADDRESS_FILE (atomically: a temporary
// file renamed into place), so that the caller knows both when and where the
// fake is ready. It then serves until it gets SIGTERM or SIGINT.
import { writeFileSync, renameSync } from 'node:fs'
import { createServer } from 'node:net'
import process from 'node:process'

import { createFake } from '@seamapi/fake-seam-connect'

const LOOPBACK = '127.0.0.1'

const fail = (message) => {
  process.stderr.write(`launch.mjs: ${message}\n`)
  process.exit(1)
}

const addressFile = process.argv[2]
if (!addressFile) fail('usage: node --require ./loopback.cjs launch.mjs ADDRESS_FILE')
if (process.env.NODE_ENV !== 'production') {
  // Outside production the fake puts a stack trace in every error body,
  // which is not what Seam sends.
  fail('set NODE_ENV=production')
}

// A free loopback port, found by binding port 0 and closing it again. The
// fake needs the port up front, to build the base URL it puts in its answers
// (pagination links, for one).
const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen({ port: 0, host: LOOPBACK }, () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })

const fake = await createFake()
await fake.seed()

// Another process may take the port between the probe and the bind; try a
// few ports before giving up.
let server
for (let tries = 1; server === undefined; tries++) {
  const port = await freePort()
  try {
    server = await fake.startServer({ port, baseUrl: `http://${LOOPBACK}:${port}` })
  } catch (err) {
    if (err?.code !== 'EADDRINUSE' || tries >= 5) fail(`could not start the fake: ${err?.stack ?? err}`)
  }
}

const bound = server.server.address()
if (bound === null || typeof bound !== 'object' || bound.address !== LOOPBACK) {
  fail(`the fake bound ${JSON.stringify(bound)}, not ${LOOPBACK}; is loopback.cjs preloaded?`)
}
const report = {
  url: `http://${LOOPBACK}:${bound.port}`,
  address: bound.address,
  port: bound.port,
  pid: process.pid,
}
writeFileSync(`${addressFile}.tmp`, JSON.stringify(report) + '\n')
renameSync(`${addressFile}.tmp`, addressFile)
process.stdout.write(`fake-seam-connect listening on ${report.url} (pid ${process.pid})\n`)

const stop = (signal) => {
  process.stdout.write(`fake-seam-connect stopping on ${signal}\n`)
  server.server.close()
  // Keep-alive connections would hold close() open; nothing here needs a
  // graceful drain.
  process.exit(0)
}
process.once('SIGTERM', () => stop('SIGTERM'))
process.once('SIGINT', () => stop('SIGINT'))
