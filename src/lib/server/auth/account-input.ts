/** What an admin may send about accounts and organisations, checked at the boundary. */
import * as v from 'valibot';
import { EDIT_LEVELS, ORGANISATION_KINDS, ROLES } from './access';
import { MAX_PASSWORD_LENGTH } from './passwords';

const text = (min: number, max: number, what: string) =>
	v.pipe(v.string(`${what} ska vara text`), v.trim(), v.minLength(min, `${what} behöver minst ${min} tecken`), v.maxLength(max, `${what} får ha högst ${max} tecken`));

export const username = v.pipe(
	text(3, 60, 'användarnamnet'),
	v.regex(/^[\p{L}\p{N}._-]+$/u, 'användarnamnet får ha bokstäver, siffror, punkt, bindestreck och understreck')
);
const role = v.picklist(ROLES, `rollen ska vara en av ${ROLES.join(', ')}`);
const organisationId = text(1, 60, 'organisationen');
const password = v.pipe(v.string('lösenordet ska vara text'), v.maxLength(MAX_PASSWORD_LENGTH));

export const newAccount = v.object({
	username,
	displayName: text(2, 100, 'namnet'),
	organisationId,
	role,
	password
});

export const accountChange = v.pipe(
	v.strictObject({
		displayName: v.optional(text(2, 100, 'namnet')),
		role: v.optional(role),
		organisationId: v.optional(organisationId),
		disabled: v.optional(v.boolean('disabled ska vara true eller false')),
		password: v.optional(password)
	}),
	v.check((c) => Object.keys(c).length > 0, 'ange något att ändra: displayName, role, organisationId, disabled eller password')
);

export const newOrganisation = v.object({
	name: text(2, 100, 'namnet'),
	kind: v.picklist(ORGANISATION_KINDS, `typen ska vara en av ${ORGANISATION_KINDS.join(', ')}`)
});

export const visibility = v.object({
	visibleTo: v.nullable(v.pipe(v.array(organisationId), v.minLength(1, 'ange minst en organisation, eller null för alla parter')))
});

/** Who besides the owner may write in a layer: `{ editors: [{ organisationId, level: 'edit' | 'contribute' }] }` ([] for nobody). */
export const layerEditors = v.object({
	editors: v.pipe(
		v.array(
			v.object({
				organisationId,
				level: v.picklist(EDIT_LEVELS, `level ska vara edit (redigera allt) eller contribute (bidra: lägga till och ändra sina egna)`)
			}),
			'editors ska vara en lista med { organisationId, level }, eller [] för ingen'
		),
		v.maxLength(50, 'högst 50 organisationer')
	)
});
