import { Inject, Injectable } from '@nestjs/common';
import type { AuthorizeResult } from '../collab/collab.types.js';
import type { DocumentAccessRule } from './document-access.rule.js';

/** The rules of the workspaces' own documents, composed in DocumentsModule. */
export const WORKSPACE_ACCESS_RULES = Symbol('WORKSPACE_ACCESS_RULES');

/**
 * A kind of live document another feature owns (a tutoring session's
 * scratchpad, an inquiry space's board): told apart by its id, with its own
 * rule of who may open it. The collaboration endpoint, the history and the
 * replay ask it, so a kind is readable everywhere it should be and nowhere else.
 */
export interface DocumentKind {
  readonly name: string;
  owns(docId: string): boolean;
  /** Who the person is to this document and what they may do, or why not. */
  authorize(docId: string, userId: string): Promise<AuthorizeResult>;
  /** What the history says to someone refused, when it should not read as a workspace's refusal. */
  readonly notFoundMessage?: string;
}

/** A read-only grant on group workspaces that another feature gives (a peer tutor reading a project). */
export interface DocumentReadGrant {
  readonly name: string;
  grantsRead(docId: string, userId: string): Promise<boolean>;
}

export interface DocumentRegistration {
  readonly kinds?: readonly DocumentKind[];
  readonly readGrants?: readonly DocumentReadGrant[];
  /** Which of the feature's events change access to which documents. */
  readonly accessRules?: readonly DocumentAccessRule[];
}

/**
 * Where features register their documents with the workspaces, so the
 * workspaces import no feature: each feature registers in its module's
 * onModuleInit, before the projections start and the endpoint opens.
 */
@Injectable()
export class DocumentKinds {
  private readonly kinds: DocumentKind[] = [];
  private readonly readGrants: DocumentReadGrant[] = [];
  private readonly rules = new Map<string, DocumentAccessRule>();

  constructor(@Inject(WORKSPACE_ACCESS_RULES) workspaceRules: readonly DocumentAccessRule[]) {
    this.register({ accessRules: workspaceRules });
  }

  register(registration: DocumentRegistration): void {
    this.kinds.push(...(registration.kinds ?? []));
    this.readGrants.push(...(registration.readGrants ?? []));
    for (const rule of registration.accessRules ?? []) {
      if (this.rules.has(rule.name))
        throw new Error(`Two document access rules are named "${rule.name}".`);
      this.rules.set(rule.name, rule);
    }
  }

  kindOf(docId: string): DocumentKind | undefined {
    return this.kinds.find((kind) => kind.owns(docId));
  }

  async grantsRead(docId: string, userId: string): Promise<boolean> {
    for (const grant of this.readGrants) if (await grant.grantsRead(docId, userId)) return true;
    return false;
  }

  accessRules(): Iterable<DocumentAccessRule> {
    return this.rules.values();
  }

  accessRule(name: string): DocumentAccessRule | undefined {
    return this.rules.get(name);
  }
}
