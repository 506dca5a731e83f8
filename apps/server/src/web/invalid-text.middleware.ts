import type { ErrorBody } from '@commonplace/shared';
import type { NextFunction, Request, Response } from 'express';
import { unstorableTextIn } from '../common/unstorable-text.js';

/** `%00`–`%1F` and `%7F`: no path segment or query value here is meant to hold a control character. */
const ENCODED_CONTROL = /%(?:[01][0-9a-f]|7f)/i;
const RAW_CONTROL = /[\u0000-\u001f\u007f]/;

function refuse(response: Response, message: string): void {
  const body: ErrorBody = { code: 'request.invalid-text', message };
  response.status(400).json(body);
}

/**
 * Refuses a URL whose path or query holds a control character, before any route
 * (or the database behind it) sees it: `GET /api/classrooms/%00` would otherwise
 * reach a query and fail there with a 500.
 */
export function refuseInvalidTextInUrl(
  request: Request,
  response: Response,
  next: NextFunction,
): void {
  const url = request.originalUrl;
  if (ENCODED_CONTROL.test(url) || RAW_CONTROL.test(url)) {
    refuse(
      response,
      'The address contains a control character (such as %00 or a line break). Check the link and try again.',
    );
    return;
  }
  next();
}

/** Refuses a parsed JSON body with a NUL or a lone surrogate anywhere in it, keys included. Runs after the JSON parser. */
export function refuseUnstorableTextInJsonBody(
  request: Request,
  response: Response,
  next: NextFunction,
): void {
  const reason = unstorableTextIn(request.body);
  if (reason !== null) {
    refuse(response, reason);
    return;
  }
  next();
}
