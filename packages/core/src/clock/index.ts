export type { Clock } from './clock.js'
export { addSeconds, secondsBetween, systemClock } from './clock.js'
