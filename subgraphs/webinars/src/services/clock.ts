/** The services' "now": one place to read the time, so the rules get it as an argument. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
