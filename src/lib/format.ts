/** Numbers as Swedish readers write them (decimal comma, space as thousands separator). */
const integer = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 2 });

/** 8 m, 420 m (nearest 10 from 100 m), 1,2 km. */
export function formatMetres(metres: number): string {
	if (metres >= 1000) return `${oneDecimal.format(metres / 1000)} km`;
	return `${integer.format(metres >= 100 ? Math.round(metres / 10) * 10 : metres)} m`;
}

/** Square metres as hectares: 2,9 ha. */
export function formatHectares(squareMetres: number): string {
	return `${oneDecimal.format(squareMetres / 10_000)} ha`;
}

/** A share 0–1 as a whole percent: 34 %. */
export function formatShare(share: number): string {
	return `${integer.format(share * 100)} %`;
}

export function formatNumber(value: number): string {
	return twoDecimals.format(value);
}

