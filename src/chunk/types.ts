/** A passage of one article: offsets into `Article.text`, so the text is never stored twice. */
export interface Chunk {
  /** `${articleId}#${index}` */
  id: string;
  articleId: string;
  index: number;
  start: number;
  end: number;
}
