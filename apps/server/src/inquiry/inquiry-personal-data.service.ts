import { Injectable } from '@nestjs/common';
import { PersonalDataVault } from '../personal-data/personal-data-vault.js';

/**
 * Post bodies and mentors' names and organisations, sealed with their
 * person's key before they enter the log (the author's user id, or the
 * mentor's id), kept sealed in the read model, and opened only as they are
 * shown. Erasing the person deletes the key: everything of theirs reads as
 * erased from then on, with nothing to purge. Rows recorded before sealing
 * began (`sealed` false) are shown as they are.
 */
@Injectable()
export class InquiryPersonalData {
  constructor(private readonly vault: PersonalDataVault) {}

  seal(subjectId: string, text: string): Promise<string> {
    return this.vault.seal(subjectId, text);
  }

  /** The text to show: opened, the erased placeholder, or a legacy row's clear text. */
  read(subjectId: string, value: string, sealed: boolean): Promise<string> {
    return sealed ? this.vault.openText(subjectId, value) : Promise.resolve(value);
  }
}
