/**
 * Training steps 0-2 of InstructGPT: datasets in the formats TRL users have (package
 * {@code data}), pretraining, supervised fine-tuning and the K-wise reward model.
 */
package org.rlhf4j.train;
