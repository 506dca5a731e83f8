import { z } from 'zod';
import { IdSchema, NameSchema } from './common.js';
import { PersonSchema } from './classrooms.js';

/** The teacher who creates a school becomes its first admin. */
export const CreateSchoolRequestSchema = z.object({ name: NameSchema });
export type CreateSchoolRequest = z.infer<typeof CreateSchoolRequestSchema>;

export const AddSchoolAdminRequestSchema = z.object({ userId: IdSchema });
export type AddSchoolAdminRequest = z.infer<typeof AddSchoolAdminRequestSchema>;

/** The classroom's owner attaches it to a school; the school's admins then see it. */
export const LinkClassroomToSchoolRequestSchema = z.object({ schoolId: IdSchema });
export type LinkClassroomToSchoolRequest = z.infer<typeof LinkClassroomToSchoolRequestSchema>;

export const SchoolViewSchema = z.object({
  id: IdSchema,
  name: z.string(),
  admins: z.array(PersonSchema),
  classrooms: z.array(z.object({ id: IdSchema, name: z.string() })),
});
export type SchoolView = z.infer<typeof SchoolViewSchema>;
