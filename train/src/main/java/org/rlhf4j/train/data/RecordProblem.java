package org.rlhf4j.train.data;

/**
 * What is wrong with a record, before it is known where the record is. Parsing code throws it
 * so that it need not carry a {@link Source} around; {@link JsonlReader} adds the
 * {@code FILE:LINE} and hands the resulting {@link DatasetException} to {@link BadRecords}.
 */
final class RecordProblem extends IllegalArgumentException {
    RecordProblem(String problem) {
        super(problem);
    }

    DatasetException at(Source source) {
        return new DatasetException(source, getMessage());
    }
}
