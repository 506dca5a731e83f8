import type { OnModuleInit } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { IdentityService } from '../identity/identity.service.js';
import { DocumentKinds } from '../documents/document-kinds.registry.js';
import { allowAccount } from '../documents/workspace-collab.adapters.js';
import { ScratchpadAccessReader } from './scratchpad-access.reader.js';
import { scratchpadAccessRule, scratchpadMemberRule } from './scratchpad-access.rule.js';

/**
 * Tutoring's documents, registered with the workspaces: a session's scratchpad
 * (the session's two people and the teachers), the read a tutor is given of
 * the student's project document, and the events that change either.
 */
@Injectable()
export class TutoringDocumentsRegistration implements OnModuleInit {
  constructor(
    private readonly kinds: DocumentKinds,
    private readonly scratchpads: ScratchpadAccessReader,
    private readonly identity: IdentityService,
  ) {}

  onModuleInit(): void {
    const { scratchpads, identity } = this;
    this.kinds.register({
      kinds: [
        {
          name: 'tutoring-scratchpad',
          owns: (docId) => scratchpads.isScratchpad(docId),
          authorize: async (docId, userId) =>
            allowAccount(identity, userId, await scratchpads.scratchpad(docId, userId)),
          notFoundMessage: 'This document does not exist or is not yours.',
        },
      ],
      readGrants: [
        {
          name: 'tutor-reads-linked-project',
          grantsRead: (docId, userId) => scratchpads.tutorReads(docId, userId),
        },
      ],
      accessRules: [scratchpadAccessRule(scratchpads), scratchpadMemberRule(scratchpads)],
    });
  }
}
