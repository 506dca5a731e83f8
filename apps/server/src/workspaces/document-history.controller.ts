import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import type {
  DocumentHistoryPage,
  DocumentHistoryQuery,
  DocumentReplayPage,
  DocumentReplayQuery,
  DocumentRevision,
} from '@commonplace/shared';
import {
  DocumentHistoryQuerySchema,
  DocumentReplayQuerySchema,
  DocumentRevisionParamSchema,
} from '@commonplace/shared';
import { z } from 'zod';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { AuthGuard, CurrentPrincipal } from '../identity/auth.guard.js';
import type { Principal } from '../identity/token.service.js';
import { DocumentHistory } from './document-history.service.js';

const DocIdParam = new ZodValidationPipe(z.string().min(1).max(100));

@Controller('workspaces/:docId')
@UseGuards(AuthGuard)
export class DocumentHistoryController {
  constructor(private readonly history: DocumentHistory) {}

  @Get('history')
  onList(
    @CurrentPrincipal() principal: Principal,
    @Param('docId', DocIdParam) docId: string,
    @Query(new ZodValidationPipe(DocumentHistoryQuerySchema)) query: DocumentHistoryQuery,
  ): Promise<DocumentHistoryPage> {
    return this.history.changes(principal.userId, docId, query);
  }

  @Get('history/:revision')
  onRevision(
    @CurrentPrincipal() principal: Principal,
    @Param('docId', DocIdParam) docId: string,
    @Param('revision', new ZodValidationPipe(DocumentRevisionParamSchema)) revision: number,
  ): Promise<DocumentRevision> {
    return this.history.textAt(principal.userId, docId, revision);
  }

  @Get('replay')
  onReplay(
    @CurrentPrincipal() principal: Principal,
    @Param('docId', DocIdParam) docId: string,
    @Query(new ZodValidationPipe(DocumentReplayQuerySchema)) query: DocumentReplayQuery,
  ): Promise<DocumentReplayPage> {
    return this.history.updates(principal.userId, docId, query);
  }
}
