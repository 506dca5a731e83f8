/**
 * The built Commonplace app (the server package's `dist/*` export), started
 * exactly as `npm start` starts it: the bench build builds the server first.
 */
// Nest's decorators read this at class definition, before app.js's modules evaluate.
import 'reflect-metadata';
export { Logger } from '@nestjs/common';
export { createApp } from '@commonplace/server/dist/app.js';
export { loadConfig } from '@commonplace/server/dist/config/config.js';
export { IdentityService } from '@commonplace/server/dist/identity/identity.service.js';
export { ClassroomService } from '@commonplace/server/dist/roster/classroom.service.js';
export { ProjectService } from '@commonplace/server/dist/projects/project.service.js';
export { ProjectionRunner } from '@commonplace/server/dist/projections/projection-runner.js';
