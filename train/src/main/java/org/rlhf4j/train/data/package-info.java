/**
 * Datasets in the JSONL formats TRL users already have, read strictly: a record that is
 * malformed stops the run with {@code FILE:LINE: what is wrong}, or, under a skip policy
 * ({@link org.rlhf4j.train.data.BadRecords}), is counted and reported, never silently dropped.
 *
 * <ul>
 *   <li>pretraining text: {@code {"text": ...}} or a plain {@code .txt} file
 *       ({@link org.rlhf4j.train.data.DocumentLoader}), packed into blocks by
 *       {@link org.rlhf4j.train.data.PackedBlocks};</li>
 *   <li>demonstrations: {@code {"prompt", "completion"}} or {@code {"messages": [...]}}
 *       ({@link org.rlhf4j.train.data.DemonstrationLoader}), tokenized with a loss mask by
 *       {@link org.rlhf4j.train.data.SftTokenizer};</li>
 *   <li>comparisons: {@code {"prompt", "chosen", "rejected"}} or K-wise
 *       {@code {"prompt", "responses", "ranking"}} ({@link org.rlhf4j.train.data.ComparisonLoader}),
 *       tokenized per response by {@link org.rlhf4j.train.data.ComparisonTokenizer}.</li>
 * </ul>
 *
 * Loaders know no token lengths; the tokenizing steps do, and reject over-long records there.
 */
package org.rlhf4j.train.data;
