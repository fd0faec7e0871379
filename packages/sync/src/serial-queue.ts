/**
 * Runs tasks one after another, in the order they were pushed, each awaited before the next
 * starts. A room's document changes go through one of these, which is what makes "store
 * before broadcast" hold while `store` is async.
 */
export class SerialQueue {
  #tail: Promise<void> = Promise.resolve()
  #size = 0

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Tasks pushed and not finished, the running one included. */
  get size(): number {
    return this.#size
  }

  push(task: () => void | Promise<void>): Promise<void> {
    this.#size++
    const run = this.#tail
      .then(task)
      .catch(this.onError)
      .finally(() => {
        this.#size--
      })
    this.#tail = run
    return run
  }
}
