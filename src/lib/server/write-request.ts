/**
 * The body of a write: the version the change is based on. Who writes is the session's account,
 * never a field of the body (an `author` sent by an older client is ignored). Validated with
 * valibot at the boundary.
 */
import * as v from 'valibot';
import { readJsonBody } from './http';
import { BadParamError } from './errors';

const version = v.pipe(v.number('ange versionen som ett heltal'), v.integer(), v.minValue(1));

export const WRITE_SCHEMAS = {
	create: v.object({ feature: v.unknown() }),
	update: v.object({ feature: v.unknown(), baseVersion: version }),
	remove: v.object({ baseVersion: version }),
	restore: v.object({ version, baseVersion: version })
};

/** Reads and checks a JSON body; the first problem becomes a 400 naming where it is. */
export async function readWrite<S extends v.GenericSchema>(request: Request, schema: S, maxBytes = WRITE_MAX_BYTES): Promise<v.InferOutput<S>> {
	return checkWrite(schema, await readJsonBody(request, maxBytes));
}

/** The most a write's body may hold. */
export const WRITE_MAX_BYTES = 2_000_000;

/** A body already read, checked as readWrite checks it. */
export function checkWrite<S extends v.GenericSchema>(schema: S, value: unknown): v.InferOutput<S> {
	const parsed = v.safeParse(schema, value);
	if (!parsed.success) {
		const issue = parsed.issues[0];
		const path = v.getDotPath(issue) ?? 'body';
		throw new BadParamError(path, `Ogiltig förfrågan vid ${path}: ${issue.message}.`);
	}
	return parsed.output;
}
