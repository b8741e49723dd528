/**
 * One way the runtime makes what a first call needs (a module imported, a store made, a registry
 * loaded) on first use and hands it out without a promise afterwards.
 */
/** A value made on first use (a module imported then, a store made), kept once made; a failed making is tried again next time. */
export class OnFirstUse<T> {
  /** The value once made: read it first, so that a warm call awaits nothing. */
  value: T | undefined;
  private making: Promise<T> | undefined;

  constructor(private readonly make: () => Promise<T>) {}

  get(): T | Promise<T> {
    if (this.value !== undefined) return this.value;
    return (this.making ??= this.make().then(
      (value) => (this.value = value),
      (error: unknown) => {
        this.making = undefined;
        throw error;
      },
    ));
  }

  /** The value if it is made or being made, without making it (what close() has to end). */
  async made(): Promise<T | undefined> {
    return this.value ?? this.making?.catch(() => undefined);
  }
}
