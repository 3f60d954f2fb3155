// color-name ships no type declarations: a map of CSS colour keywords to RGB triples.
declare module 'color-name' {
  const colors: Record<string, [number, number, number]>;
  export default colors;
}
