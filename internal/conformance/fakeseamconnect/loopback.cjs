// Preloaded with `node --require ./loopback.cjs`: forces every TCP server
// this process opens onto 127.0.0.1.
//
// Seam's fake (@seamapi/fake-seam-connect) calls `server.listen(port)`, which
// binds every interface, and has no option to choose the host. The
// conformance tests may only use loopback, so this patch rewrites the host
// of every listen() call, and then checks the address each server really
// bound: anything but 127.0.0.1 ends the process before it can answer.
'use strict'

const net = require('node:net')

const LOOPBACK = '127.0.0.1'
const originalListen = net.Server.prototype.listen

function refuse(what) {
  const err = new Error(`loopback.cjs: refusing to listen on ${what}; only ${LOOPBACK} is allowed`)
  err.code = 'ERR_LOOPBACK_ONLY'
  throw err
}

function isPort(value) {
  return (typeof value === 'number' && Number.isInteger(value)) || (typeof value === 'string' && /^\d+$/.test(value))
}

// rewrite turns any form of listen()'s arguments into (options, ...rest)
// with host 127.0.0.1, or throws for a form it cannot make loopback-only
// (an inherited handle or file descriptor).
function rewrite(args) {
  const [first, ...rest] = args
  const callback = args.find((a) => typeof a === 'function')
  if (first === undefined || typeof first === 'function') {
    // listen() or listen(cb): a random port on every interface.
    return [{ port: 0, host: LOOPBACK }, ...(callback ? [callback] : [])]
  }
  if (isPort(first)) {
    // listen(port[, host][, backlog][, cb]): drop the host, keep the backlog.
    const options = { port: Number(first), host: LOOPBACK }
    const backlog = typeof rest[0] === 'string' ? rest[1] : rest[0]
    if (typeof backlog === 'number') options.backlog = backlog
    return [options, ...(callback ? [callback] : [])]
  }
  if (typeof first === 'string') {
    return args // a Unix socket path: not a network interface
  }
  if (first !== null && typeof first === 'object' && !('_handle' in first) && !('fd' in first) && !('handle' in first)) {
    if (first.path !== undefined && first.port === undefined) return args // Unix socket
    return [{ ...first, port: first.port ?? 0, host: LOOPBACK, ipv6Only: false }, ...rest]
  }
  refuse('an inherited handle or file descriptor')
}

net.Server.prototype.listen = function listenOnLoopback(...args) {
  this.once('listening', () => {
    const address = this.address()
    if (address !== null && typeof address === 'object' && address.address !== LOOPBACK) {
      process.stderr.write(
        `loopback.cjs: a server bound ${address.address}:${address.port}, not ${LOOPBACK}; stopping the process\n`
      )
      process.exit(70)
    }
  })
  return originalListen.apply(this, rewrite(args))
}
