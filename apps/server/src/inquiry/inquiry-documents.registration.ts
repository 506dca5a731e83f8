import type { OnModuleInit } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { DocumentKinds } from '../documents/document-kinds.registry.js';
import { InquiryBoardAccessReader } from './inquiry-board-access.reader.js';
import { inquiryBoardAccessRule } from './inquiry-board-access.rule.js';

/**
 * Inquiry's documents, registered with the workspaces: a space's board (the
 * participating classrooms and the space's mentors), and the events that
 * change who may open it.
 */
@Injectable()
export class InquiryDocumentsRegistration implements OnModuleInit {
  constructor(
    private readonly kinds: DocumentKinds,
    private readonly boards: InquiryBoardAccessReader,
  ) {}

  onModuleInit(): void {
    const { boards } = this;
    this.kinds.register({
      kinds: [
        {
          name: 'inquiry-board',
          owns: (docId) => boards.isBoard(docId),
          authorize: (docId, userId) => boards.board(docId, userId),
        },
      ],
      accessRules: [inquiryBoardAccessRule(boards)],
    });
  }
}
