/**
 * The body of a write: who is writing (until accounts exist, the name the user gave), and the
 * version the change is based on. Validated with valibot at the boundary.
 */
import * as v from 'valibot';
import { readJsonBody } from './http';
import { BadParamError } from './params';

/** Until accounts exist (issue 5), a change is signed with the name the user typed. */
const author = v.optional(
	v.pipe(v.string(), v.trim(), v.minLength(2, 'ange ett namn med minst 2 tecken'), v.maxLength(80)),
	'okänd'
);
const version = v.pipe(v.number('ange versionen som ett heltal'), v.integer(), v.minValue(1));

export const WRITE_SCHEMAS = {
	create: v.object({ feature: v.unknown(), author }),
	update: v.object({ feature: v.unknown(), baseVersion: version, author }),
	remove: v.object({ baseVersion: version, author }),
	restore: v.object({ version, baseVersion: version, author })
};

export async function readWrite<S extends v.GenericSchema>(request: Request, schema: S): Promise<v.InferOutput<S>> {
	const parsed = v.safeParse(schema, await readJsonBody(request, 2_000_000));
	if (!parsed.success) {
		const issue = parsed.issues[0];
		const path = v.getDotPath(issue) ?? 'body';
		throw new BadParamError(path, `Ogiltig förfrågan vid ${path}: ${issue.message}.`);
	}
	return parsed.output;
}
