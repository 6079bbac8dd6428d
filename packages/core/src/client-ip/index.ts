export type { ClientIpFromPeer } from './forwarded-client-ip.js'
export { createClientIpFromPeer, parseForwardedHop } from './forwarded-client-ip.js'
export type { IpAddress, IpRange } from './ip-address.js'
export { createIpMatcher, formatIp, ipInRange, parseIp, parseIpRange } from './ip-address.js'
