/**
 * A case-insensitive, whole-password matcher over a newline-separated, lower-cased list. The list
 * is split into a `Set` on the first call, not at import.
 *
 * @param list - one lower-cased password per line
 * @returns a predicate: `true` when the password, lower-cased, is on the list
 */
export function commonPasswordMatcher(list: string): (password: string) => boolean {
  let entries: ReadonlySet<string> | undefined
  return (password) => {
    entries ??= new Set(list.split('\n'))
    return entries.has(password.toLowerCase())
  }
}
