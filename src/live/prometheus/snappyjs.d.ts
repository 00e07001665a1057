// Types of the npm package snappyjs (it ships none): Snappy's block format.
export function compress(input: Uint8Array): Uint8Array<ArrayBuffer>;
export function uncompress(input: Uint8Array, maxLength?: number): Uint8Array;
