/** Origin of document and awareness changes that come from storage or another instance. */
export const ELSEWHERE = Symbol('from storage or another instance')
