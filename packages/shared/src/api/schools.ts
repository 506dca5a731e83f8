import { z } from 'zod';
import { IdSchema, NameSchema } from './common.js';
import { PersonSchema } from './classrooms.js';
import { defineRoute } from './route.js';

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

const schoolAdmins = {
  decidedBy: 'service',
  reason: 'The school’s admins: a school is not a classroom, its stream knows its admins',
} as const;

export const SCHOOL_ROUTES = {
  createSchool: defineRoute({
    method: 'POST',
    path: '/schools',
    summary: 'Create a school (teachers); its creator is its first admin',
    authorize: { decidedBy: 'service', reason: 'Teacher accounts; there is no school yet' },
    body: CreateSchoolRequestSchema,
    response: SchoolViewSchema,
  }),
  school: defineRoute({
    method: 'GET',
    path: '/schools/:schoolId',
    summary: 'A school: its admins and classrooms (school admins)',
    authorize: schoolAdmins,
    response: SchoolViewSchema,
  }),
  addSchoolAdmin: defineRoute({
    method: 'POST',
    path: '/schools/:schoolId/admins',
    summary: 'Add a school admin (school admins)',
    authorize: schoolAdmins,
    body: AddSchoolAdminRequestSchema,
    response: SchoolViewSchema,
  }),
  removeSchoolAdmin: defineRoute({
    method: 'DELETE',
    path: '/schools/:schoolId/admins/:userId',
    summary: 'Remove a school admin; the last one stays (school admins)',
    authorize: schoolAdmins,
    status: 204,
  }),
  linkClassroomToSchool: defineRoute({
    method: 'POST',
    path: '/classrooms/:classroomId/school',
    summary: 'Attach the classroom to a school (its owner)',
    authorize: { permission: 'classroom.own', scope: 'classroom', param: 'classroomId' },
    body: LinkClassroomToSchoolRequestSchema,
    status: 204,
  }),
};
