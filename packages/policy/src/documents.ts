import { z } from 'zod';

/** A source document (文号, issuer, title, dates, public URL) and its clauses with stable ids `DOC#ref`. */
export const ZClauseSource = z
  .object({
    ref: z.string().min(1),
    label: z.string().min(1),
    text: z.string().min(1),
  })
  .strict();

export const ZDocumentSource = z
  .object({
    id: z.string().regex(/^[A-Z0-9][A-Z0-9-]*$/, '文件编号只能用大写字母、数字和连字符'),
    doc_no: z.string().optional(),
    issuer: z.string().min(1),
    title: z.string().min(1),
    issued_on: z.string().optional(),
    effective_from: z.string().optional(),
    url: z.string().url().optional(),
    level: z.enum(['national', 'provincial', 'city', 'county']),
    clauses: z.array(ZClauseSource).min(1),
  })
  .strict();

export type DocumentSource = z.infer<typeof ZDocumentSource>;

export interface Clause {
  /** Stable id, e.g. `ZM-PLAN#六` or `RSBF-2021-112#4`. */
  readonly id: string;
  readonly documentId: string;
  readonly label: string;
  readonly text: string;
}

export interface PolicyDocument {
  readonly id: string;
  readonly docNo: string | undefined;
  readonly issuer: string;
  readonly title: string;
  readonly issuedOn: string | undefined;
  readonly effectiveFrom: string | undefined;
  readonly url: string | undefined;
  readonly level: DocumentSource['level'];
  readonly clauses: readonly Clause[];
}

export class ClauseRegistry {
  readonly documents = new Map<string, PolicyDocument>();
  readonly clauses = new Map<string, Clause>();

  add(source: DocumentSource): void {
    if (this.documents.has(source.id)) throw new Error(`文件 ${source.id} 重复登记`);
    const clauses = source.clauses.map((c) => ({
      id: `${source.id}#${c.ref}`,
      documentId: source.id,
      label: c.label,
      text: c.text,
    }));
    for (const c of clauses) {
      if (this.clauses.has(c.id)) throw new Error(`条款 ${c.id} 重复登记`);
      this.clauses.set(c.id, c);
    }
    this.documents.set(source.id, {
      id: source.id,
      docNo: source.doc_no,
      issuer: source.issuer,
      title: source.title,
      issuedOn: source.issued_on,
      effectiveFrom: source.effective_from,
      url: source.url,
      level: source.level,
      clauses,
    });
  }

  get(clauseId: string): Clause {
    const c = this.clauses.get(clauseId);
    if (!c) throw new Error(`引用了不存在的条款 ${clauseId}`);
    return c;
  }

  /** "《中牟县…实施方案》（六）" — how a citation reads in an explanation. */
  cite(clauseId: string): string {
    const c = this.get(clauseId);
    const d = this.documents.get(c.documentId);
    const title = d ? `《${d.title}》${d.docNo ? `（${d.docNo}）` : ''}` : c.documentId;
    return `${title}${c.label}`;
  }
}
