export type { PrincipalRefusal, PrincipalRequirements } from './check-principal.js'
export { ADMIN_ROLE, createPrincipalCheck } from './check-principal.js'
