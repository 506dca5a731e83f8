import { Injectable } from '@nestjs/common';
import { ClassroomQueries } from '../roster/classroom.queries.js';
import { InquiryQueries } from '../inquiry/inquiry.queries.js';
import { audience } from './notifications.projection.js';

/**
 * Audiences to people and back, asked of their owners: the students of a
 * workspace (theirs, or their group's) and a classroom's peer tutors of the
 * roster, the people and mentors of an inquiry space (or its teachers) of the inquiry. Read
 * at the time of asking, so a student moved into a group sees its feedback,
 * and a tutor whose role ended no longer hears of new requests.
 */
@Injectable()
export class NotificationAudiences {
  constructor(
    private readonly classrooms: ClassroomQueries,
    private readonly inquiry: InquiryQueries,
  ) {}

  /** Every audience a person belongs to now. */
  async of(userId: string): Promise<string[]> {
    const [workspaces, classrooms, spaces] = await Promise.all([
      this.classrooms.workspaceDocIdsOfStudent(userId),
      this.classrooms.listFor(userId),
      this.inquiry.spacesOf(userId),
    ]);
    const taught = classrooms
      .filter((c) => c.roles.includes('teacher') || c.roles.includes('co-teacher'))
      .map((c) => c.id);
    const spacesTaught = taught.length > 0 ? await this.inquiry.spacesOfClassrooms(taught) : [];
    return [
      ...spacesTaught.map(audience.spaceTeachers),
      audience.user(userId),
      ...workspaces.map(audience.workspace),
      ...classrooms.filter((c) => c.roles.includes('peer-tutor')).map((c) => audience.tutors(c.id)),
      ...spaces.map(audience.inquiry),
    ];
  }

  /** The people in an audience now. */
  async members(of: string): Promise<string[]> {
    const at = of.indexOf(':');
    const kind = of.slice(0, at);
    const id = of.slice(at + 1);
    switch (kind) {
      case 'user':
        return [id];
      case 'workspace':
        return this.classrooms.studentsOfWorkspace(id);
      case 'tutors':
        return this.classrooms.peerTutorsOf(id);
      case 'inquiry':
        return this.inquiry.membersOf(id);
      case 'space-teachers':
        return this.inquiry.teachersOf(id);
      default:
        throw new Error(`unknown notification audience ${of}`);
    }
  }
}
