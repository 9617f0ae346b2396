// codegen document transform: adds __typename to every selection set of the generated (and persisted)
// documents, so normalising clients such as urql's graphcache can read the answers to persisted operations.
import { addTypenameSelectionDocumentTransform } from '@graphql-codegen/client-preset';

export const transform = addTypenameSelectionDocumentTransform.transform;
